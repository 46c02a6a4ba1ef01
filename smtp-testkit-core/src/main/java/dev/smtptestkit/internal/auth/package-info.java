/**
 * SASL exchanges for SMTP AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and
 * XOAUTH2, as pure steps the session drives, plus masking of secrets for recording. No sockets,
 * threads, clocks or random sources here: the connection passes the CRAM-MD5 challenge in.
 * Internal: no compatibility promise.
 */
package dev.smtptestkit.internal.auth;
