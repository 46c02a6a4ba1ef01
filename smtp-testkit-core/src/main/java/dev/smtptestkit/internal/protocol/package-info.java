/**
 * The SMTP protocol engine: commands, replies and the session state machine. No sockets, threads
 * or clocks here. Internal: no compatibility promise.
 */
package dev.smtptestkit.internal.protocol;
