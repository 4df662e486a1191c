package dev.glassbox.net;

import java.nio.ByteBuffer;

/** {@code struct ifaddrmsg} of {@code <linux/if_addr.h>}, 8 bytes: the fixed part of RTM_*ADDR. */
public record IfAddrMsg(int ifa_family, int ifa_prefixlen, int ifa_flags, int ifa_scope, int ifa_index)
        implements NlStruct {
    public static final int SIZE = 8;

    @Override
    public int size() { return SIZE; }

    @Override
    public void write(ByteBuffer out) {
        out.put((byte) ifa_family).put((byte) ifa_prefixlen).put((byte) ifa_flags).put((byte) ifa_scope)
                .putInt(ifa_index);
    }

    /** Reads one from the buffer's position. */
    public static IfAddrMsg read(ByteBuffer in) {
        return new IfAddrMsg(Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()),
                Byte.toUnsignedInt(in.get()), Byte.toUnsignedInt(in.get()), in.getInt());
    }
}
