/**
 * The standalone runner's HTTP API and web page ({@code --http-port}): served by the JDK's built-in
 * HTTP server from the receiver's {@link dev.smtptestkit.Mailbox}, read through public API only.
 * Everything is served from memory; no part of a request names a file.
 */
package dev.smtptestkit.standalone.http;
