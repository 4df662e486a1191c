package dev.glassbox.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One attribute ({@code struct rtattr} / {@code struct nlattr}: u16 length, u16 type, value,
 * padding to 4 bytes). {@code rta_type} has the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits removed.
 */
public record RtAttr(int rta_type, byte[] value) {

    /** The value as a C string, without its terminating NUL. */
    public String asString() {
        int n = value.length;
        while (n > 0 && value[n - 1] == 0) n--;
        return new String(value, 0, n, StandardCharsets.UTF_8);
    }

    /** The value as an unsigned 8-bit number. */
    public int asU8() { return Byte.toUnsignedInt(value[0]); }

    /** The value as a 16-bit number in host order. */
    public int asU16() { return Short.toUnsignedInt(order().getShort()); }

    /** The value as a 32-bit number in host order (signed int in Java). */
    public int asU32() { return order().getInt(); }

    /** The value read as a list of nested attributes. */
    public Attrs asNested() { return Attrs.parse(value, 0, value.length); }

    private ByteBuffer order() { return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()); }
}
