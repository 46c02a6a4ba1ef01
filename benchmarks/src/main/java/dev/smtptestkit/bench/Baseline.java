package dev.smtptestkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * smtp-testkit as built from another commit, loaded in its own class loader, so a change can be
 * measured against the commit before it in the same run, interleaved per round like any other
 * contender. {@code -Dbench.base=/path/to/smtp-testkit-core.jar} names the other build; classes of
 * {@code dev.smtptestkit} come from it, everything else (Jakarta Mail) from the benchmark's own
 * class path. Driven by reflection: the two builds' classes are distinct.
 */
final class Baseline {

    private static ClassLoader loader;

    private Baseline() {
    }

    /** Whether {@code bench.base} names a build to compare against. */
    static boolean named() {
        String jar = System.getProperty("bench.base");
        return jar != null && !jar.isBlank();
    }

    /** What to do when {@link #named()} is false. */
    static String missing() {
        return "SMTP_TESTKIT_BASE needs -Dbench.base=/path/to/smtp-testkit-core.jar "
                + "(a build of the commit to compare against)";
    }

    /** The jar named by {@code bench.base}, or a message saying how to name one. */
    static String jar() {
        if (!named()) {
            throw new IllegalStateException(missing());
        }
        return System.getProperty("bench.base");
    }

    private static synchronized ClassLoader loader() throws IOException {
        if (loader == null) {
            URL url = Path.of(jar()).toUri().toURL();
            ClassLoader parent = Baseline.class.getClassLoader();
            loader = new URLClassLoader("smtp-testkit-base", new URL[] {url}, parent) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    if (!name.startsWith("dev.smtptestkit.") || name.startsWith("dev.smtptestkit.bench.")) {
                        return super.loadClass(name, resolve);
                    }
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        if (c == null) {
                            c = findClass(name); // child first: the other build's receiver
                        }
                        if (resolve) {
                            resolveClass(c);
                        }
                        return c;
                    }
                }
            };
        }
        return loader;
    }

    /** Starts the other build's receiver with the options smtp-testkit gets. */
    static Contender.Running start(Contender.Options options) {
        try {
            Class<?> receiverType = loader().loadClass("dev.smtptestkit.SmtpReceiver");
            Object builder = receiverType.getMethod("builder").invoke(null);
            builder = call(builder, "maxMessageSize", new Class<?>[] {long.class}, options.maxMessageSize());
            builder = call(builder, "maxSessions", new Class<?>[] {int.class}, options.maxSessions());
            Object receiver = call(builder, "start", new Class<?>[0]);
            int port = (Integer) call(receiver, "port", new Class<?>[0]);
            Object mailbox = call(receiver, "mailbox", new Class<?>[0]);
            Method size = publicMethod(mailbox.getClass(), "size");
            Method close = publicMethod(receiver.getClass(), "close");
            return new Contender.Running(port, () -> {
                try {
                    return (Integer) size.invoke(mailbox);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> {
                try {
                    close.invoke(receiver);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the baseline receiver from " + jar() + ": " + e, e);
        }
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        return publicMethod(target.getClass(), name, types).invoke(target, args);
    }

    // The method as declared by a public type (the implementation classes may be package-private).
    private static Method publicMethod(Class<?> type, String name, Class<?>... types) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = publicIn(c, name, types);
            if (m != null) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private static Method publicIn(Class<?> c, String name, Class<?>... types) {
        if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            try {
                return c.getMethod(name, types);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        for (Class<?> i : c.getInterfaces()) {
            Method m = publicIn(i, name, types);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
