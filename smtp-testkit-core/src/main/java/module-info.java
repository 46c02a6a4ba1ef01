/**
 * smtp-testkit core: the embeddable SMTP receiver ({@code dev.smtptestkit}) and its AssertJ
 * assertions ({@code dev.smtptestkit.assertj}). The {@code dev.smtptestkit.internal...} packages are
 * not exported: they carry no compatibility promise.
 *
 * <p>AssertJ is optional: a module that uses the assertions also {@code requires org.assertj.core}
 * (the JUnit extension, {@code dev.smtptestkit.junit}, does so for its users).
 */
@SuppressWarnings("module") // the qualified export names the extension, which is built after core
module dev.smtptestkit {
    // Jakarta Mail types (MimeMessage, ...) appear in the public API.
    requires transitive jakarta.mail;
    // Only dev.smtptestkit.assertj needs AssertJ; its types appear in that package's API.
    requires static transitive org.assertj.core;

    exports dev.smtptestkit;
    exports dev.smtptestkit.assertj;
    // The shared renderer: the extension prints dialogues exactly as core does. Not API.
    exports dev.smtptestkit.internal.format to dev.smtptestkit.junit;
}
