/**
 * Storage of received message octets in blocks, and streams over them that Jakarta Mail can share
 * instead of copying. Internal: no compatibility promise.
 */
package dev.smtptestkit.internal.content;
