package dev.glassbox.net;

import java.nio.ByteBuffer;

/** {@code struct rtgenmsg} of {@code <linux/rtnetlink.h>}: one byte of family, padded to 4; used by RTM_*NSID. */
public record RtGenMsg(int rtgen_family) implements NlStruct {
    public static final int SIZE = 1;

    @Override
    public int size() { return SIZE; }

    @Override
    public void write(ByteBuffer out) {
        out.put((byte) rtgen_family);
    }
}
