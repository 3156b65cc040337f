package org.captchaws.testing;

import java.lang.reflect.Proxy;

/**
 * An implementation of a container interface that refuses every call: the base of a fake that
 * overrides (through a wrapper class) only what the code under test may use, so any other call
 * fails the test instead of passing unnoticed.
 */
public final class Unsupported {

    private Unsupported() {
    }

    public static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "toString" -> "unsupported " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                }));
    }
}
