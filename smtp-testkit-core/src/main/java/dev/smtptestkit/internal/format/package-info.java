/** The single renderer for transcripts, emails and events. Internal: no compatibility promise. */
package dev.smtptestkit.internal.format;
