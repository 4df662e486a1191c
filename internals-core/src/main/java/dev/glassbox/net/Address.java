package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.*;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An interface address as RTM_NEWADDR describes it (what {@code ip addr} prints).
 *
 * @param index ifa_index: the link it is on
 * @param family AF_INET or AF_INET6
 * @param local the address itself: IFA_LOCAL, or IFA_ADDRESS when there is no IFA_LOCAL (IPv6)
 * @param prefixLength ifa_prefixlen
 * @param scope ifa_scope (RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST)
 * @param label IFA_LABEL (IPv4 only), null otherwise
 * @param broadcast IFA_BROADCAST, null when absent
 * @param flags IFA_FLAGS, or ifa_flags (IFA_F_PERMANENT...)
 */
public record Address(int index, int family, InetAddress local, int prefixLength, int scope, String label,
        InetAddress broadcast, int flags) {

    /** {@code 172.17.0.2/16}. */
    public String cidr() {
        return IpText.format(local) + "/" + prefixLength;
    }

    /** Reads an address from an RTM_NEWADDR message. */
    public static Address from(NlMsg msg) {
        IfAddrMsg ifa = msg.ifaddrmsg();
        Attrs a = msg.attrs();
        byte[] local = a.has(IFA_LOCAL) ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
        return new Address(ifa.ifa_index(), ifa.ifa_family(), inet(local), ifa.ifa_prefixlen(), ifa.ifa_scope(),
                a.string(IFA_LABEL), inet(a.bytes(IFA_BROADCAST)), a.u32(IFA_FLAGS, ifa.ifa_flags()));
    }

    static InetAddress inet(byte[] raw) {
        if (raw == null) return null;
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes in a netlink attribute", e);
        }
    }
}
