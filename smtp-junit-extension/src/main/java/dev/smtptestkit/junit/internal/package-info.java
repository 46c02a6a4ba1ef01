/**
 * Internals of the JUnit extension: the store value that owns a receiver, configuration
 * resolution, the strict check and the message texts. No compatibility promise: do not use these
 * types from tests.
 */
package dev.smtptestkit.junit.internal;
