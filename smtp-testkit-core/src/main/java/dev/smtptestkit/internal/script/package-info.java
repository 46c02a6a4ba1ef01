/**
 * Scripted replies and faults behind {@link dev.smtptestkit.SmtpScript}: the rules, their counts,
 * the per-session {@link dev.smtptestkit.internal.protocol.Script} they answer through, the
 * ready-made behaviours and the script file format of the standalone runner. Internal: no
 * compatibility promise.
 */
package dev.smtptestkit.internal.script;
