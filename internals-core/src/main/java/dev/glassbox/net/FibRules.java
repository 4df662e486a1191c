package dev.glassbox.net;

import static dev.glassbox.net.FibRule.FRA_DST;
import static dev.glassbox.net.FibRule.FRA_PRIORITY;
import static dev.glassbox.net.FibRule.FRA_SRC;
import static dev.glassbox.net.FibRule.FRA_TABLE;
import static dev.glassbox.net.FibRule.FR_ACT_PROHIBIT;
import static dev.glassbox.net.Rtnetlink.AF_INET;
import static dev.glassbox.net.Rtnetlink.NLM_F_CREATE;
import static dev.glassbox.net.Rtnetlink.NLM_F_EXCL;
import static dev.glassbox.net.Rtnetlink.RTM_DELRULE;
import static dev.glassbox.net.Rtnetlink.RTM_GETRULE;
import static dev.glassbox.net.Rtnetlink.RTM_NEWRULE;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * IPv4 policy routing rules ({@code ip rule}) through rtnetlink, and with them the isolation
 * of bridge networks from each other, as Docker's DOCKER-ISOLATION chains do it with iptables.
 *
 * <p>Why rules isolate: a packet from a container on bridge A to one on bridge B is routed by
 * the host (it leaves A's subnet). Before the kernel looks B's route up it walks the rule list;
 * a rule {@code from A to B prohibit} placed before the {@code lookup main} rule (priority
 * 32766) makes that lookup fail, and the kernel answers the sender with ICMP "administratively
 * prohibited" instead of forwarding. One rule per direction; same-network traffic never leaves
 * the bridge, so it is not routed and not affected.
 *
 * <p>Glassbox keeps its rules between {@link #PRIORITY_MIN} and {@link #PRIORITY_MAX} so they
 * can be told from anyone else's.
 */
public final class FibRules implements AutoCloseable {
    /** The priority range of Glassbox's rules: before {@code lookup main} (32766), after {@code lookup local} (0). */
    public static final int PRIORITY_MIN = 30000, PRIORITY_MAX = 30999;
    /** The priority of the isolation rules. */
    public static final int ISOLATION_PRIORITY = PRIORITY_MIN;

    private final NetlinkSocket socket;

    private FibRules(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Rules of the calling thread's network namespace. */
    public static FibRules open() {
        return new FibRules(NetlinkSocket.openRoute());
    }

    /** Rules of the network namespace {@code nsFile} ({@code /proc/PID/ns/net}, {@code /run/netns/NAME}). */
    public static FibRules open(Path nsFile) {
        return new FibRules(NetNs.run(nsFile, NetlinkSocket::openRoute));
    }

    /** All IPv4 rules, in the kernel's order ({@code ip rule list}): one RTM_GETRULE dump. */
    public List<FibRule> list() {
        NlMsg req = NlMsg.builder(RTM_GETRULE, 0).raw(new FibRuleHdr(AF_INET, 0, 0, 0, 0, 0, 0).bytes()).build();
        List<FibRule> out = new ArrayList<>();
        for (NlMsg m : socket.dump(req, "all IPv4 rules")) if (m.nlmsg_type() == RTM_NEWRULE) out.add(parse(m));
        return out;
    }

    /**
     * Adds {@code rule} (RTM_NEWRULE with NLM_F_CREATE|NLM_F_EXCL, as {@code ip rule add} sends it);
     * returns false when an identical rule was already there (the kernel answers EEXIST).
     */
    public boolean add(FibRule rule) {
        try {
            socket.request(message(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, rule), rule.toString());
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.EEXIST) return false;
            throw e;
        }
    }

    /**
     * Deletes the rule matching {@code rule}'s priority, prefixes and action (RTM_DELRULE, as
     * {@code ip rule del}); returns false when there was none (the kernel answers ENOENT).
     */
    public boolean delete(FibRule rule) {
        try {
            socket.request(message(RTM_DELRULE, 0, rule), rule.toString());
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw e;
        }
    }

    /**
     * Isolates {@code network} from each of {@code others}: for each other subnet O, adds
     * {@code from network to O prohibit} and {@code from O to network prohibit} at
     * {@link #ISOLATION_PRIORITY}. Rules already there are kept; returns the rules added.
     */
    public List<FibRule> isolate(Subnet network, Collection<Subnet> others) {
        List<FibRule> added = new ArrayList<>();
        for (FibRule r : isolationRules(network, others)) if (add(r)) added.add(r);
        return added;
    }

    /** The rules {@link #isolate} wants, in the order it adds them. */
    public static List<FibRule> isolationRules(Subnet network, Collection<Subnet> others) {
        List<FibRule> rules = new ArrayList<>();
        for (Subnet o : others) {
            if (o.equals(network)) continue;
            rules.add(FibRule.prohibit(ISOLATION_PRIORITY, network, o));
            rules.add(FibRule.prohibit(ISOLATION_PRIORITY, o, network));
        }
        return rules;
    }

    /** The commands a student would type for {@link #isolate}. */
    public static List<String> isolateShellEquivalent(Subnet network, Collection<Subnet> others) {
        return isolationRules(network, others).stream().map(FibRule::addCommand).toList();
    }

    /**
     * Removes every Glassbox prohibit rule (priority in {@link #PRIORITY_MIN}..{@link #PRIORITY_MAX})
     * whose source or destination is {@code network}: what {@link #isolate} added for it, whoever
     * the others were. Returns the rules deleted.
     */
    public List<FibRule> unisolate(Subnet network) {
        List<FibRule> deleted = new ArrayList<>();
        for (FibRule r : list()) {
            if (isGlassbox(r) && (network.equals(r.from()) || network.equals(r.to())) && delete(r)) deleted.add(r);
        }
        return deleted;
    }

    /** The commands a student would type for {@link #unisolate} of a network isolated from {@code others}. */
    public static List<String> unisolateShellEquivalent(Subnet network, Collection<Subnet> others) {
        return isolationRules(network, others).stream().map(FibRule::deleteCommand).toList();
    }

    /** Glassbox's rules now in the kernel (priority in the Glassbox range, action prohibit). */
    public List<FibRule> glassboxRules() {
        return list().stream().filter(FibRules::isGlassbox).toList();
    }

    private static boolean isGlassbox(FibRule r) {
        return r.priority() >= PRIORITY_MIN && r.priority() <= PRIORITY_MAX && r.action() == FR_ACT_PROHIBIT;
    }

    /** struct fib_rule_hdr with the prefix lengths and action, then FRA_PRIORITY, FRA_SRC, FRA_DST, FRA_TABLE. */
    static NlMsg message(int type, int flags, FibRule rule) {
        int table = rule.table() > 255 ? Rtnetlink.RT_TABLE_UNSPEC : rule.table();
        FibRuleHdr hdr = new FibRuleHdr(AF_INET, prefix(rule.to()), prefix(rule.from()), 0, table, rule.action(), 0);
        NlMsg.Builder b = NlMsg.builder(type, flags).raw(hdr.bytes()).u32(FRA_PRIORITY, rule.priority());
        if (rule.from() != null) b.bytes(FRA_SRC, rule.from().network().getAddress());
        if (rule.to() != null) b.bytes(FRA_DST, rule.to().network().getAddress());
        if (rule.table() != 0) b.u32(FRA_TABLE, rule.table());
        return b.build();
    }

    static FibRule parse(NlMsg m) {
        FibRuleHdr hdr = FibRuleHdr.read(m.payload());
        Attrs a = m.attrs();
        int table = a.u32(FRA_TABLE, hdr.table());
        return new FibRule(a.u32(FRA_PRIORITY, 0), subnet(a.bytes(FRA_SRC), hdr.src_len()),
                subnet(a.bytes(FRA_DST), hdr.dst_len()), hdr.action(), table);
    }

    private static int prefix(Subnet s) { return s == null ? 0 : s.prefixLength(); }

    private static Subnet subnet(byte[] address, int prefixLength) {
        if (address == null || address.length != 4) return null;
        try {
            return Subnet.containing((Inet4Address) InetAddress.getByAddress(address), prefixLength);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
