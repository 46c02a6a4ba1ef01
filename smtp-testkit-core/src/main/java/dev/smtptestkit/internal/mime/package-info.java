/** MIME parsing of received messages. Internal: no compatibility promise. */
package dev.smtptestkit.internal.mime;
