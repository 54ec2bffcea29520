package io.parley.client;

/** The first frame of every WebSocket connection (also after each reconnect). */
public record Ready(String userId, long serverTime, long heartbeatMs) {}
