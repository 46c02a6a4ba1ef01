package dev.smtptestkit.junit.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "Get the store value, creating it atomically when absent" on every supported JUnit version.
 *
 * <p>JUnit 6.0 added {@code Store.computeIfAbsent(key, creator, type)} and deprecated
 * {@code getOrComputeIfAbsent} for removal; 5.14 has only the latter. Calling either by name would
 * break the build on the other line (a missing method, or a deprecation warning that
 * {@code -Werror} makes fatal), and a plain {@code get} then {@code put} is not atomic. So the method
 * is chosen once, at class initialisation, from the JUnit on the test class path: the current one
 * when it exists, the old one otherwise. Both have the same erased signature and meaning.
 */
public final class StoreAccess {

    private static final MethodHandle COMPUTE_IF_ABSENT = find();

    private StoreAccess() {
    }

    /**
     * The value stored under {@code key}, created by {@code creator} (once) when there is none.
     *
     * @param store   the store
     * @param key     the key
     * @param creator creates the value from the key
     * @param type    the value's type
     * @param <K>     the key type
     * @param <V>     the value type
     * @return the stored or created value
     */
    public static <K, V> V computeIfAbsent(ExtensionContext.Store store, K key, Function<? super K, ? extends V> creator,
            Class<V> type) {
        Object value;
        try {
            value = COMPUTE_IF_ABSENT.invoke(store, key, creator, type);
        } catch (RuntimeException | Error e) {
            throw e; // the creator's own failure, as JUnit passes it on
        } catch (Throwable e) {
            throw new IllegalStateException("Could not read the JUnit extension store: " + e, e);
        }
        return type.cast(value);
    }

    /**
     * The name of the store method in use, for tests.
     *
     * @return {@code computeIfAbsent} on JUnit 6, {@code getOrComputeIfAbsent} on JUnit 5
     */
    static String methodName() {
        return has("computeIfAbsent") ? "computeIfAbsent" : "getOrComputeIfAbsent";
    }

    private static MethodHandle find() {
        String name = methodName();
        try {
            return MethodHandles.publicLookup().findVirtual(ExtensionContext.Store.class, name,
                    MethodType.methodType(Object.class, Object.class, Function.class, Class.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("This JUnit Jupiter API has no ExtensionContext.Store." + name
                    + "(Object, Function, Class); smtp-junit-extension supports JUnit 5.14 and 6.x", e);
        }
    }

    private static boolean has(String name) {
        try {
            ExtensionContext.Store.class.getMethod(name, Object.class, Function.class, Class.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
