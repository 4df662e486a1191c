package dev.glassbox.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A parsed list of attributes, looked up by type (the first attribute of a type wins). */
public record Attrs(List<RtAttr> list) {

    public Attrs {
        list = List.copyOf(list);
    }

    /** Parses attributes from {@code buf[off, off+len)}; a truncated trailing attribute is an error. */
    public static Attrs parse(byte[] buf, int off, int len) {
        ByteBuffer in = ByteBuffer.wrap(buf, off, len).order(ByteOrder.nativeOrder());
        List<RtAttr> out = new ArrayList<>();
        int end = off + len;
        int pos = off;
        while (end - pos >= Rtnetlink.NLA_HDRLEN) {
            int rtaLen = Short.toUnsignedInt(in.getShort(pos));
            int type = Short.toUnsignedInt(in.getShort(pos + 2)) & Rtnetlink.NLA_TYPE_MASK;
            if (rtaLen < Rtnetlink.NLA_HDRLEN || pos + rtaLen > end) {
                throw new IllegalArgumentException("malformed rtattr at offset " + (pos - off) + ": rta_len " + rtaLen);
            }
            byte[] value = new byte[rtaLen - Rtnetlink.NLA_HDRLEN];
            System.arraycopy(buf, pos + Rtnetlink.NLA_HDRLEN, value, 0, value.length);
            out.add(new RtAttr(type, value));
            pos += Rtnetlink.align(rtaLen);
        }
        return new Attrs(out);
    }

    public Optional<RtAttr> get(int type) {
        for (RtAttr a : list) if (a.rta_type() == type) return Optional.of(a);
        return Optional.empty();
    }

    public boolean has(int type) { return get(type).isPresent(); }

    /** A string attribute, or null when absent. */
    public String string(int type) { return get(type).map(RtAttr::asString).orElse(null); }

    /** A u32 attribute, or {@code absent} when there is none. */
    public int u32(int type, int absent) { return get(type).map(RtAttr::asU32).orElse(absent); }

    /** A u8 attribute, or {@code absent} when there is none. */
    public int u8(int type, int absent) { return get(type).map(RtAttr::asU8).orElse(absent); }

    /** The raw value, or null when absent. */
    public byte[] bytes(int type) { return get(type).map(RtAttr::value).orElse(null); }

    /** Nested attributes, empty when absent. */
    public Attrs nested(int type) { return get(type).map(RtAttr::asNested).orElse(new Attrs(List.of())); }
}
