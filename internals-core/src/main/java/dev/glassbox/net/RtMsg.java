package dev.glassbox.net;

import java.nio.ByteBuffer;

/** {@code struct rtmsg} of {@code <linux/rtnetlink.h>}, 12 bytes: the fixed part of RTM_*ROUTE. */
public record RtMsg(int rtm_family, int rtm_dst_len, int rtm_src_len, int rtm_tos, int rtm_table,
        int rtm_protocol, int rtm_scope, int rtm_type, int rtm_flags) implements NlStruct {
    public static final int SIZE = 12;

    @Override
    public int size() { return SIZE; }

    @Override
    public void write(ByteBuffer out) {
        out.put((byte) rtm_family).put((byte) rtm_dst_len).put((byte) rtm_src_len).put((byte) rtm_tos)
                .put((byte) rtm_table).put((byte) rtm_protocol).put((byte) rtm_scope).put((byte) rtm_type)
                .putInt(rtm_flags);
    }

    /** Reads one from the buffer's position. */
    public static RtMsg read(ByteBuffer in) {
        int[] b = new int[8];
        for (int i = 0; i < 8; i++) b[i] = Byte.toUnsignedInt(in.get());
        return new RtMsg(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], in.getInt());
    }
}
