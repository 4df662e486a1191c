package dev.glassbox.app.launch;

import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * setenv(3) on this process's C environment: the toolkit (GTK, Xlib) reads DISPLAY and
 * XAUTHORITY from there when JavaFX starts, so the app sets them before launch.
 * https://man7.org/linux/man-pages/man3/setenv.3.html
 */
final class Environ {
    private static final MethodHandle SETENV = Native.errnoCall("setenv",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Environ() {}

    static void setenv(String name, String value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) SETENV.invokeExact(st, a.allocateFrom(name), a.allocateFrom(value), 1);
            if (rc != 0) throw new SysException("setenv", Native.errno(st), name, value, 1);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
