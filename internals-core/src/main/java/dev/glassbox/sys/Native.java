package dev.glassbox.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * How Glassbox reaches libc: the native linker, the C library's symbols and the captured errno.
 *
 * <p>Every binding made with {@link #errnoCall} takes one extra first argument, a call-state
 * segment allocated per call (see {@link #callState}); after the call, {@link #errno} reads what
 * the C library left in errno. No shared static errno buffer: two threads never see each
 * other's errno.
 */
public final class Native {
    public static final Linker LINKER = Linker.nativeLinker();
    public static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Native() {}

    /** A downcall handle whose first parameter is the call-state segment that receives errno. */
    public static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A downcall handle for a function that does not report through errno. */
    public static MethodHandle call(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A call-state segment for one call, owned by {@code arena}. */
    public static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** errno as the last call left it in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /**
     * Fails fast, with what to do, when the JVM was started without native access: every
     * kernel call of Glassbox goes through FFM.
     */
    public static void requireNativeAccess() {
        Module m = Native.class.getModule();
        if (!m.isNativeAccessEnabled()) {
            throw new IllegalStateException(
                    "native access is disabled: start java with --enable-native-access=ALL-UNNAMED (the ./glassbox launcher does)");
        }
    }
}
