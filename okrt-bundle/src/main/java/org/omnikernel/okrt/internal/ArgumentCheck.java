package org.omnikernel.okrt.internal;

import java.util.List;

import org.omnikernel.okrt.ResourceInterface;

/** Checks a send's arguments against the request type's declaration (the seed's {@code ri_fmt}). */
final class ArgumentCheck {

    private ArgumentCheck() {
    }

    /** @return what is wrong, or null when the arguments fit */
    static String mismatch(ResourceInterface.Request request, Object[] arguments) {
        List<Class<?>> types = request.argumentTypes();
        if (arguments.length != types.size()) {
            return "expects " + types.size() + " arguments " + names(types) + ", got " + arguments.length;
        }
        for (int i = 0; i < arguments.length; i++) {
            Object a = arguments[i];
            if (a != null && !types.get(i).isInstance(a)) {
                return "argument #" + i + " must be " + types.get(i).getSimpleName() + ", got "
                        + a.getClass().getSimpleName();
            }
        }
        return null;
    }

    private static String names(List<Class<?>> types) {
        return types.stream().map(Class::getSimpleName).toList().toString();
    }
}
