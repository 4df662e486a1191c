package dev.glassbox.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 subnet such as {@code 172.17.0.0/16}: a network address and a prefix length. */
public record Subnet(Inet4Address network, int prefixLength) {

    public Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("invalid prefix length /" + prefixLength + ": use 0 to 32");
        }
        if ((toLong(network) & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("invalid subnet " + network.getHostAddress() + "/" + prefixLength
                    + ": it should be " + fromLong(toLong(network) & mask(prefixLength)).getHostAddress() + "/" + prefixLength);
        }
    }

    /** Parses {@code 172.17.0.0/16} (a bare address is a /32). */
    public static Subnet parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        return new Subnet(parseIpv4(addr, cidr), prefix);
    }

    /** The subnet that contains {@code address} with {@code prefixLength} bits of network. */
    public static Subnet containing(Inet4Address address, int prefixLength) {
        return new Subnet(fromLong(toLong(address) & mask(prefixLength)), prefixLength);
    }

    /** Number of addresses, network and broadcast included. */
    public long size() { return 1L << (32 - prefixLength); }

    /** The address {@code offset} after the network address (1: the usual gateway). */
    public Inet4Address address(long offset) {
        if (offset < 0 || offset >= size()) throw new IllegalArgumentException("offset " + offset + " outside " + this);
        return fromLong(toLong(network) + offset);
    }

    /** The offset of {@code a} from the network address. */
    public long offsetOf(Inet4Address a) { return toLong(a) - toLong(network); }

    /** The broadcast address (the last one). */
    public Inet4Address broadcast() { return address(size() - 1); }

    public boolean contains(InetAddress a) {
        return a instanceof Inet4Address v4 && (toLong(v4) & mask(prefixLength)) == toLong(network);
    }

    /** Whether the two share any address. */
    public boolean overlaps(Subnet o) {
        int p = Math.min(prefixLength, o.prefixLength);
        return (toLong(network) & mask(p)) == (toLong(o.network) & mask(p));
    }

    @Override
    public String toString() { return network.getHostAddress() + "/" + prefixLength; }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    static long toLong(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    static Inet4Address fromLong(long v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Parses a dotted quad without any name lookup. */
    public static Inet4Address parseIpv4(String text, String context) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("invalid IPv4 address: " + context);
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid IPv4 address: " + context);
            }
            int n = Integer.parseInt(p);
            if (n > 255) throw new IllegalArgumentException("invalid IPv4 address: " + context);
            v = (v << 8) | n;
        }
        return fromLong(v);
    }
}
