package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.NLA_HDRLEN;
import static dev.glassbox.net.Rtnetlink.NLMSG_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One netlink message: {@code struct nlmsghdr} (u32 nlmsg_len, u16 nlmsg_type, u16 nlmsg_flags,
 * u32 nlmsg_seq, u32 nlmsg_pid) and its payload, which for rtnetlink is a fixed struct
 * (ifinfomsg, ifaddrmsg or rtmsg) followed by attributes. Built with {@link #builder}, read
 * with {@link #parseAll}. Numbers are in the host's byte order, as the kernel expects;
 * addresses inside attributes are in network order, as in C.
 */
public record NlMsg(int nlmsg_type, int nlmsg_flags, int nlmsg_seq, int nlmsg_pid, byte[] payload) {

    /** This message with another sequence number and port id, as the socket sends it. */
    public NlMsg with(int flags, int seq, int pid) {
        return new NlMsg(nlmsg_type, flags, seq, pid, payload);
    }

    /** The message as bytes on the wire (nlmsg_len = header + payload). */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(Rtnetlink.align(NLMSG_HDRLEN + payload.length)).order(ByteOrder.nativeOrder());
        out.putInt(NLMSG_HDRLEN + payload.length).putShort((short) nlmsg_type).putShort((short) nlmsg_flags)
                .putInt(nlmsg_seq).putInt(nlmsg_pid).put(payload);
        return out.array();
    }

    /** Splits a datagram into its messages (NLMSG_OK / NLMSG_NEXT). */
    public static List<NlMsg> parseAll(byte[] buf, int off, int len) {
        ByteBuffer in = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        List<NlMsg> out = new ArrayList<>();
        int pos = off, end = off + len;
        while (end - pos >= NLMSG_HDRLEN) {
            int msgLen = in.getInt(pos);
            if (msgLen < NLMSG_HDRLEN || pos + msgLen > end) {
                throw new IllegalArgumentException("malformed netlink message at offset " + (pos - off) + ": nlmsg_len " + msgLen);
            }
            int type = Short.toUnsignedInt(in.getShort(pos + 4));
            int flags = Short.toUnsignedInt(in.getShort(pos + 6));
            int seq = in.getInt(pos + 8), pid = in.getInt(pos + 12);
            byte[] payload = Arrays.copyOfRange(buf, pos + NLMSG_HDRLEN, pos + msgLen);
            out.add(new NlMsg(type, flags, seq, pid, payload));
            pos += Rtnetlink.align(msgLen);
        }
        return out;
    }

    /** For NLMSG_ERROR: the (negative) errno, 0 for an acknowledgement. For NLMSG_DONE: its status. */
    public int error() {
        return payload.length >= 4 ? buffer().getInt(0) : 0;
    }

    /**
     * For NLMSG_ERROR with NLM_F_ACK_TLVS: the kernel's extended acknowledgement text
     * (NLMSGERR_ATTR_MSG), e.g. "Attribute failed policy validation", or null.
     */
    public String extAckMessage() {
        if (nlmsg_type != Rtnetlink.NLMSG_ERROR || (nlmsg_flags & Rtnetlink.NLM_F_ACK_TLVS) == 0) return null;
        // struct nlmsgerr: int error; struct nlmsghdr msg (whole request unless NLM_F_CAPPED); then TLVs
        int start = 4 + NLMSG_HDRLEN;
        if ((nlmsg_flags & Rtnetlink.NLM_F_CAPPED) == 0 && payload.length >= start) {
            start = 4 + Rtnetlink.align(buffer().getInt(4));
        }
        if (start > payload.length) return null;
        return Attrs.parse(payload, start, payload.length - start).string(Rtnetlink.NLMSGERR_ATTR_MSG);
    }

    /** The payload as struct ifinfomsg (RTM_*LINK). */
    public IfInfoMsg ifinfomsg() { return IfInfoMsg.read(buffer()); }

    /** The payload as struct ifaddrmsg (RTM_*ADDR). */
    public IfAddrMsg ifaddrmsg() { return IfAddrMsg.read(buffer()); }

    /** The payload as struct rtmsg (RTM_*ROUTE). */
    public RtMsg rtmsg() { return RtMsg.read(buffer()); }

    /** The attributes after the fixed struct that this message type carries. */
    public Attrs attrs() {
        int fixed = switch (nlmsg_type) {
            case Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_DELLINK, Rtnetlink.RTM_GETLINK, Rtnetlink.RTM_SETLINK -> IfInfoMsg.SIZE;
            case Rtnetlink.RTM_NEWADDR, Rtnetlink.RTM_DELADDR, Rtnetlink.RTM_GETADDR -> IfAddrMsg.SIZE;
            case Rtnetlink.RTM_NEWROUTE, Rtnetlink.RTM_DELROUTE, Rtnetlink.RTM_GETROUTE -> RtMsg.SIZE;
            case Rtnetlink.RTM_NEWNSID, Rtnetlink.RTM_DELNSID, Rtnetlink.RTM_GETNSID -> RtGenMsg.SIZE;
            case Rtnetlink.RTM_NEWRULE, Rtnetlink.RTM_DELRULE, Rtnetlink.RTM_GETRULE -> FibRuleHdr.SIZE;
            default -> throw new IllegalArgumentException("no attributes in " + Rtnetlink.messageTypeName(nlmsg_type));
        };
        return attrs(fixed);
    }

    /** The attributes after a fixed struct of {@code fixedSize} bytes (e.g. nfgenmsg's 4 for nf_tables). */
    public Attrs attrs(int fixedSize) {
        int start = Rtnetlink.align(fixedSize);
        return start >= payload.length ? new Attrs(List.of()) : Attrs.parse(payload, start, payload.length - start);
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }

    @Override
    public String toString() {
        return Rtnetlink.messageTypeName(nlmsg_type) + "{flags=0x" + Integer.toHexString(nlmsg_flags) + ", seq="
                + nlmsg_seq + ", pid=" + nlmsg_pid + ", " + payload.length + " bytes}";
    }

    /** Starts a message of {@code type}; {@code flags} are the request's modifiers (NLM_F_CREATE...). */
    public static Builder builder(int type, int flags) {
        return new Builder(type, flags);
    }

    /**
     * Writes a payload: a fixed struct, then attributes; {@link #nest} writes an attribute whose
     * value is written by the lambda (attributes, or for VETH_INFO_PEER an ifinfomsg and attributes).
     */
    public static final class Builder {
        private final int type, flags;
        private ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

        private Builder(int type, int flags) {
            this.type = type;
            this.flags = flags;
        }

        /** Appends a fixed struct, padded to 4 bytes. */
        public Builder struct(NlStruct s) {
            ensure(Rtnetlink.align(s.size()));
            int start = out.position();
            s.write(out);
            pad(start);
            return this;
        }

        /**
         * Appends a fixed struct already laid out in bytes (struct fib_rule_hdr, struct nfgenmsg),
         * padded to 4 bytes.
         */
        public Builder raw(byte[] struct) {
            ensure(Rtnetlink.align(struct.length));
            int start = out.position();
            out.put(struct);
            pad(start);
            return this;
        }

        /** A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND...). */
        public Builder string(int attrType, String value) {
            byte[] s = value.getBytes(StandardCharsets.UTF_8);
            byte[] z = Arrays.copyOf(s, s.length + 1);
            return bytes(attrType, z);
        }

        public Builder u8(int attrType, int value) {
            return bytes(attrType, new byte[] {(byte) value});
        }

        /** A 32-bit attribute in host order (IFLA_MTU, IFLA_MASTER, RTA_OIF...). */
        public Builder u32(int attrType, int value) {
            return bytes(attrType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        /** An attribute with raw bytes (addresses in network order, MACs). */
        public Builder bytes(int attrType, byte[] value) {
            ensure(NLA_HDRLEN + Rtnetlink.align(value.length));
            int start = out.position();
            out.putShort((short) (NLA_HDRLEN + value.length)).putShort((short) attrType).put(value);
            pad(start);
            return this;
        }

        /** A nested attribute: its header, then what {@code body} writes, then its length patched in. */
        public Builder nest(int attrType, Consumer<Builder> body) {
            ensure(NLA_HDRLEN);
            int start = out.position();
            out.putShort((short) 0).putShort((short) attrType);
            body.accept(this);
            out.putShort(start, (short) (out.position() - start));
            return this;
        }

        public NlMsg build() {
            return new NlMsg(type, flags, 0, 0, Arrays.copyOf(out.array(), out.position()));
        }

        private void pad(int start) {
            int padded = start + Rtnetlink.align(out.position() - start);
            while (out.position() < padded) out.put((byte) 0);
        }

        private void ensure(int more) {
            if (out.remaining() >= more) return;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more))
                    .order(ByteOrder.nativeOrder());
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }
}
