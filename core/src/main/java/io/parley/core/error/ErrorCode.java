package io.parley.core.error;

/**
 * The one catalogue of stable, machine-readable error codes, shared by HTTP and WebSocket. Codes
 * are part of the public contract: add new ones, never rename or reuse one. Each is documented in
 * docs/API.md (a test checks that).
 */
public enum ErrorCode {
  // Malformed input
  INVALID_JSON(400, "The body or frame is not a JSON object"),
  UNKNOWN_FIELD(400, "The object has a field that is not part of the contract"),
  MISSING_FIELD(400, "A required field is missing"),
  INVALID_FIELD(400, "A field has the wrong type or an invalid value"),
  INVALID_ID(400, "An id is not a positive decimal 64-bit number in a string"),
  INVALID_CURSOR(400, "A pagination cursor or limit is not valid"),
  UNKNOWN_FRAME_TYPE(400, "The WebSocket frame type is not known"),
  BODY_TOO_LARGE(413, "The request body exceeds the size limit"),
  FRAME_TOO_LARGE(413, "The WebSocket frame exceeds the size limit"),
  // Accounts
  INVALID_USERNAME(400, "Usernames are 3-32 characters: letters, digits, '_', '.', '-'"),
  INVALID_PASSWORD(400, "Passwords are 8-128 characters"),
  INVALID_PHONE(400, "Phone numbers are in E.164 form, e.g. +14155550123"),
  USERNAME_TAKEN(409, "The username is already registered"),
  INVALID_CREDENTIALS(401, "Unknown username or wrong password"),
  UNAUTHORIZED(401, "A valid bearer token is required"),
  TOKEN_EXPIRED(401, "The bearer token has expired"),
  // Messaging
  FORBIDDEN(403, "The authenticated user may not do this"),
  USER_NOT_FOUND(404, "No user has this id or username"),
  NOT_FOUND(404, "No such resource"),
  METHOD_NOT_ALLOWED(405, "The HTTP method is not allowed on this path"),
  INVALID_RECIPIENT(400, "A message needs exactly one recipient, other than the sender"),
  CONTENT_EMPTY(400, "The message content is empty"),
  CONTENT_TOO_LARGE(413, "The message content exceeds the size limit"),
  // Groups
  NOT_MEMBER(403, "Only members of the group may do this"),
  NOT_ADMIN(403, "Only admins of the group may do this"),
  GROUP_FULL(409, "The group would exceed its member limit"),
  INVALID_GROUP_NAME(400, "Group names are 1-100 characters, not blank"),
  LAST_ADMIN(409, "A group with members needs at least one admin"),
  INVITE_NOT_FOUND(404, "No such invite code, or it was revoked"),
  RATE_LIMITED(429, "Too many requests; retry after the given delay"),
  // Infrastructure
  UNAVAILABLE(503, "The server is shutting down or overloaded; retry"),
  INTERNAL(500, "An unexpected error; nothing was changed unless the response says so");

  private final int httpStatus;
  private final String description;

  ErrorCode(int httpStatus, String description) {
    this.httpStatus = httpStatus;
    this.description = description;
  }

  /** The HTTP status this code is answered with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A default human-readable message. */
  public String description() {
    return description;
  }
}
