package io.parley.client;

/** The answer to {@code POST /auth/register}. */
public record Registration(String userId, String username) {}
