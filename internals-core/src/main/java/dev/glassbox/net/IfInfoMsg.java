package dev.glassbox.net;

import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg} of {@code <linux/rtnetlink.h>}, 16 bytes: the fixed part of every
 * RTM_*LINK message. {@code ifi_change} says which bits of {@code ifi_flags} a request changes.
 */
public record IfInfoMsg(int ifi_family, int ifi_type, int ifi_index, int ifi_flags, int ifi_change)
        implements NlStruct {
    public static final int SIZE = 16;

    /** A header that names a link by index (0: by IFLA_IFNAME) and changes no flag. */
    public static IfInfoMsg ofIndex(int index) {
        return new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, index, 0, 0);
    }

    @Override
    public int size() { return SIZE; }

    @Override
    public void write(ByteBuffer out) {
        out.put((byte) ifi_family).put((byte) 0).putShort((short) ifi_type)
                .putInt(ifi_index).putInt(ifi_flags).putInt(ifi_change);
    }

    /** Reads one from the buffer's position. */
    public static IfInfoMsg read(ByteBuffer in) {
        int family = Byte.toUnsignedInt(in.get());
        in.get(); // __ifi_pad
        int type = Short.toUnsignedInt(in.getShort());
        return new IfInfoMsg(family, type, in.getInt(), in.getInt(), in.getInt());
    }
}
