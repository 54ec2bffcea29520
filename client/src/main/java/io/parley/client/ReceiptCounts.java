package io.parley.client;

/**
 * How many members of a group (the sender excluded) received and read a message.
 *
 * @param recipients members the message went to
 */
public record ReceiptCounts(long recipients, long delivered, long read) {}
