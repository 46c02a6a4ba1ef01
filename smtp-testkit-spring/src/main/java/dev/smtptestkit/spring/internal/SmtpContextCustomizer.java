package dev.smtptestkit.spring.internal;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpReceiverProvider;
import dev.smtptestkit.junit.SmtpServer;
import dev.smtptestkit.spring.SpringSmtp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the receiver of one application context, registers it as the bean
 * {@value SpringSmtp#RECEIVER_BEAN} (closed when the context closes, or when it fails to start), and
 * adds the property sources that point {@code spring.mail.*} at it.
 *
 * <p>Spring caches a context by its configuration, customizers included: equality here is over the
 * attributes that shape the receiver ({@link Key}) and nothing else, so classes that ask for the same
 * receiver share one context, whatever their {@code scope}, {@code strict}, {@code failOnUnreadMail} or
 * {@code failOnUnusedScriptRules} (those are the JUnit extension's business, per class).
 */
final class SmtpContextCustomizer implements ContextCustomizer {

    private static final String MAIL_PROPERTIES = "spring.mail.properties.";

    private final Key key;
    // Not part of equality: the first class of a cached context builds the receiver, named in its errors.
    private final SmtpServer declaration;
    private final Class<?> testClass;

    SmtpContextCustomizer(SmtpServer declaration, Class<?> testClass) {
        this.key = Key.of(declaration);
        this.declaration = declaration;
        this.testClass = testClass;
    }

    /**
     * The attributes of {@code @SmtpServer} that shape the receiver: every attribute but those of
     * the JUnit extension's own per-class business ({@link #PER_CLASS_ONLY}), read reflectively so
     * that an attribute added to the annotation can never be left out of Spring's cache key (two
     * classes with different scripts must not share a receiver).
     *
     * @param values attribute name to value (arrays as lists), sorted by name
     */
    record Key(Map<String, Object> values) {

        static final java.util.Set<String> PER_CLASS_ONLY = java.util.Set.of("scope", "clearBetweenTests", "strict",
                "failOnUnreadMail", "failOnUnusedScriptRules");

        static Key of(SmtpServer s) {
            Map<String, Object> values = new java.util.TreeMap<>();
            for (java.lang.reflect.Method attribute : SmtpServer.class.getDeclaredMethods()) {
                if (attribute.getParameterCount() == 0 && !PER_CLASS_ONLY.contains(attribute.getName())) {
                    try {
                        Object value = attribute.invoke(s);
                        values.put(attribute.getName(), value instanceof Object[] array ? List.of(array) : value);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Cannot read @SmtpServer." + attribute.getName(), e);
                    }
                }
            }
            return new Key(java.util.Collections.unmodifiableMap(values));
        }

        TlsMode tls() {
            return (TlsMode) values.get("tls");
        }

        @SuppressWarnings("unchecked")
        List<String> users() {
            return (List<String>) values.get("users");
        }

        // Spring logs merged context configurations (customizers included): no password in them.
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            values.forEach((name, value) -> out.append(out.length() == 0 ? "" : ", ").append(name).append('=')
                    .append(name.equals("users") ? String.valueOf(users().size()) : value instanceof String
                            ? "'" + value + "'" : String.valueOf(value)));
            return out.toString();
        }
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (!(beans instanceof DefaultSingletonBeanRegistry registry)) {
            throw new IllegalStateException("@SmtpServer on class " + testClass.getSimpleName() + " needs an "
                    + "application context whose bean factory can close the receiver (a DefaultListableBeanFactory), "
                    + "but this context has a " + beans.getClass().getName() + ". Use Spring's standard context "
                    + "loaders, or start the receiver yourself with SmtpServerExtension.builder().");
        }
        SmtpReceiver receiver = SmtpReceiverProvider.builderFor(declaration, testClass).start();
        beans.registerSingleton(SpringSmtp.RECEIVER_BEAN, receiver);
        // Destroyed when the context closes, and also when its refresh fails (destroyBeans), so no receiver leaks.
        registry.registerDisposableBean(SpringSmtp.RECEIVER_BEAN, receiver::close);
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        sources.addFirst(new MapPropertySource(SpringSmtp.PROPERTY_SOURCE, pointers(receiver)));
        sources.addLast(new MapPropertySource(SpringSmtp.DEFAULTS_PROPERTY_SOURCE, defaults(receiver)));
    }

    // What must be ours for the mail to reach this receiver: where it is and how it speaks TLS.
    private Map<String, Object> pointers(SmtpReceiver receiver) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.mail.host", receiver.host());
        properties.put("spring.mail.port", receiver.port());
        if (key.tls() != TlsMode.NONE) {
            // starttls.enable + starttls.required, or ssl.enable; ssl.checkserveridentity=true.
            javaMail(receiver, properties, name -> !name.endsWith("timeout"));
            // The trust: Spring Boot turns the bundle into mail.smtp.ssl.socketFactory, so the receiver's
            // certificate and host name are really checked (no ssl.trust=*).
            properties.put("spring.ssl.bundle.pem." + SpringSmtp.SSL_BUNDLE + ".truststore.certificate",
                    "file:" + receiver.caPemFile().toAbsolutePath());
            properties.put("spring.mail.ssl.bundle", SpringSmtp.SSL_BUNDLE);
        }
        return properties;
    }

    // What the application may set differently: timeouts, and a login when the annotation names users.
    private Map<String, Object> defaults(SmtpReceiver receiver) {
        Map<String, Object> properties = new LinkedHashMap<>();
        javaMail(receiver, properties, name -> name.endsWith("timeout"));
        if (!key.users().isEmpty()) {
            String first = key.users().get(0);
            int colon = first.indexOf(':'); // validated by builderFor: "user:password"
            properties.put("spring.mail.username", first.substring(0, colon));
            properties.put("spring.mail.password", first.substring(colon + 1));
            properties.put(MAIL_PROPERTIES + "mail.smtp.auth", "true");
        }
        return properties;
    }

    // The receiver's own Jakarta Mail settings (mail.smtp.*), as strings under spring.mail.properties; host
    // and port are spring.mail.host/port, and the socket factory object is replaced by the SSL bundle.
    private static void javaMail(SmtpReceiver receiver, Map<String, Object> into,
            java.util.function.Predicate<String> which) {
        Properties props = receiver.javaMailProperties();
        for (String name : props.stringPropertyNames()) {
            boolean mailSmtp = name.startsWith("mail.smtp.") && !name.endsWith(".host") && !name.endsWith(".port");
            if (mailSmtp && which.test(name)) {
                into.put(MAIL_PROPERTIES + name, props.getProperty(name));
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmtpContextCustomizer c && key.equals(c.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "SmtpContextCustomizer{" + key + "}";
    }
}
