package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.*;

import java.net.InetAddress;

/**
 * A route as RTM_NEWROUTE describes it (what {@code ip route} prints).
 *
 * @param family AF_INET or AF_INET6
 * @param dst RTA_DST, null for the default route
 * @param dstLength rtm_dst_len
 * @param gateway RTA_GATEWAY, null for a route on the link
 * @param oif RTA_OIF: the output interface index, 0 when absent
 * @param table RTA_TABLE or rtm_table (RT_TABLE_MAIN...)
 * @param protocol rtm_protocol (RTPROT_KERNEL, RTPROT_BOOT...)
 * @param scope rtm_scope
 * @param type rtm_type (RTN_UNICAST...)
 * @param prefsrc RTA_PREFSRC, null when absent
 * @param priority RTA_PRIORITY (the metric), 0 when absent
 */
public record Route(int family, InetAddress dst, int dstLength, InetAddress gateway, int oif, int table,
        int protocol, int scope, int type, InetAddress prefsrc, int priority) {

    /** The default route: no destination, prefix length 0. */
    public boolean isDefault() { return dstLength == 0; }

    /** As {@code ip route} writes the destination: {@code default} or {@code 172.17.0.0/16}. */
    public String destination() {
        if (isDefault()) return "default";
        int full = family == AF_INET ? 32 : 128;
        return dstLength == full ? IpText.format(dst) : IpText.format(dst) + "/" + dstLength;
    }

    /** Reads a route from an RTM_NEWROUTE message. */
    public static Route from(NlMsg msg) {
        RtMsg rtm = msg.rtmsg();
        Attrs a = msg.attrs();
        return new Route(rtm.rtm_family(), Address.inet(a.bytes(RTA_DST)), rtm.rtm_dst_len(),
                Address.inet(a.bytes(RTA_GATEWAY)), a.u32(RTA_OIF, 0), a.u32(RTA_TABLE, rtm.rtm_table()),
                rtm.rtm_protocol(), rtm.rtm_scope(), rtm.rtm_type(), Address.inet(a.bytes(RTA_PREFSRC)),
                a.u32(RTA_PRIORITY, 0));
    }
}
