/**
 * Internals of the Spring support (the context customizer and the receiver provider); no
 * compatibility promise.
 */
package dev.smtptestkit.spring.internal;
