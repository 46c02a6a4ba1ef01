package dev.smtptestkit.internal.net;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Thread creation: virtual threads when the running JVM has them (Java 21+, found by reflection so
 * the code still compiles for Java 17), daemon platform threads otherwise.
 */
public final class Threads {

    private static final Method OF_VIRTUAL = find();
    private static final Method NAME = OF_VIRTUAL == null ? null : builderMethod("name", String.class, long.class);
    private static final Method FACTORY = OF_VIRTUAL == null ? null : builderMethod("factory");

    // The session thread factory of receivers started from now on. An internal seam, set only by
    // tests: a factory whose threads cannot start (OutOfMemoryError, as pthread_create EAGAIN
    // gives) is a real Throwable on the real accept path, without faking the network.
    static final Function<String, ThreadFactory> DEFAULT_SESSION_FACTORIES = Threads::factory;
    static volatile Function<String, ThreadFactory> sessionFactories = DEFAULT_SESSION_FACTORIES;

    private Threads() {
    }

    /** The factory for one receiver's session threads, named {@code prefix + n}. */
    static ThreadFactory sessionFactory(String prefix) {
        return sessionFactories.apply(prefix);
    }

    /** Whether receivers get the default session thread factory (no test seam is set). */
    static boolean defaultSessionFactories() {
        return sessionFactories == DEFAULT_SESSION_FACTORIES;
    }

    private static Method find() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20
        }
    }

    private static Method builderMethod(String name, Class<?>... parameters) {
        try {
            return Class.forName("java.lang.Thread$Builder").getMethod(name, parameters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Thread.Builder." + name + " not found on a JVM with Thread.ofVirtual()", e);
        }
    }

    /** Whether this JVM runs sessions on virtual threads. */
    public static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /** A factory naming its threads {@code prefix + n}. */
    public static ThreadFactory factory(String prefix) {
        if (OF_VIRTUAL != null) {
            try {
                Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), prefix, 1L);
                return (ThreadFactory) FACTORY.invoke(builder);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot create virtual threads on this JVM", e);
            }
        }
        AtomicLong counter = new AtomicLong();
        return task -> {
            Thread t = new Thread(task, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
