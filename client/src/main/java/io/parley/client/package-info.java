/**
 * The Parley Java client SDK: {@link io.parley.client.ParleyClient} for the HTTP API and {@link
 * io.parley.client.ParleyConnection} for the WebSocket, speaking only the wire contract of
 * docs/API.md. It depends on Vert.x core and SLF4J and on no other Parley module.
 */
package io.parley.client;
