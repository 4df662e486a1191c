package dev.glassbox.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fib_rule_hdr} of {@code <linux/fib_rules.h>}, 12 bytes: the fixed part of
 * RTM_NEWRULE, RTM_DELRULE and RTM_GETRULE. The addresses themselves travel as FRA_SRC / FRA_DST
 * attributes; only their prefix lengths are here.
 */
public record FibRuleHdr(int family, int dst_len, int src_len, int tos, int table, int action, int flags) {
    public static final int SIZE = 12;

    /** The struct in the host's byte order; res1 and res2 are zero, as the kernel requires. */
    public byte[] bytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) dst_len).put((byte) src_len).put((byte) tos)
                .put((byte) table).put((byte) 0).put((byte) 0).put((byte) action)
                .putInt(flags).array();
    }

    /** Reads one from the start of a message payload. */
    public static FibRuleHdr read(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        int[] b = new int[8];
        for (int i = 0; i < 8; i++) b[i] = Byte.toUnsignedInt(in.get());
        return new FibRuleHdr(b[0], b[1], b[2], b[3], b[4], b[7], in.getInt());
    }
}
