package dev.glassbox.net;

import java.util.Locale;

/**
 * One IPv4 policy routing rule, as {@code ip rule} shows it: at {@code priority}, packets
 * {@code from} a source prefix {@code to} a destination prefix get {@code action}. Before the
 * kernel looks a destination up in a routing table, it walks these rules in priority order
 * (lowest first); the first that matches decides: look up table N (FR_ACT_TO_TBL), or refuse the
 * packet (FR_ACT_PROHIBIT: EACCES for a local sender, ICMP "administratively prohibited" for a
 * forwarded packet).
 *
 * @param priority FRA_PRIORITY, the rule's position ({@code ip rule}'s "pref")
 * @param from FRA_SRC and src_len, null for "all"
 * @param to FRA_DST and dst_len, null for any destination
 * @param action fib_rule_hdr.action, one of {@code FR_ACT_*}
 * @param table FRA_TABLE for FR_ACT_TO_TBL, 0 otherwise
 */
public record FibRule(int priority, Subnet from, Subnet to, int action, int table) {
    // <linux/fib_rules.h>: rule attributes and actions
    public static final int FRA_DST = 1, FRA_SRC = 2, FRA_PRIORITY = 6, FRA_TABLE = 15, FRA_PROTOCOL = 21;
    public static final int FR_ACT_UNSPEC = 0, FR_ACT_TO_TBL = 1, FR_ACT_GOTO = 2, FR_ACT_NOP = 3,
            FR_ACT_BLACKHOLE = 6, FR_ACT_UNREACHABLE = 7, FR_ACT_PROHIBIT = 8;

    /** A rule that refuses packets from {@code from} to {@code to}. */
    public static FibRule prohibit(int priority, Subnet from, Subnet to) {
        return new FibRule(priority, from, to, FR_ACT_PROHIBIT, 0);
    }

    /** The action as {@code ip rule} names it: {@code prohibit}, {@code lookup main}... */
    public String actionName() {
        return switch (action) {
            case FR_ACT_TO_TBL -> "lookup " + tableName(table);
            case FR_ACT_GOTO -> "goto";
            case FR_ACT_NOP -> "nop";
            case FR_ACT_BLACKHOLE -> "blackhole";
            case FR_ACT_UNREACHABLE -> "unreachable";
            case FR_ACT_PROHIBIT -> "prohibit";
            default -> "action " + action;
        };
    }

    /** The {@code ip rule} selector and action: {@code from 10.1.0.0/24 to 10.2.0.0/24 priority 30000 prohibit}. */
    public String ipRuleArgs() {
        StringBuilder sb = new StringBuilder("from ").append(from == null ? "all" : from.toString());
        if (to != null) sb.append(" to ").append(to);
        sb.append(" priority ").append(priority).append(' ');
        sb.append(action == FR_ACT_TO_TBL ? "table " + tableName(table) : actionName());
        return sb.toString();
    }

    /** {@code ip rule add ...}: what a student would type to add this rule. */
    public String addCommand() { return "ip rule add " + ipRuleArgs(); }

    /** {@code ip rule del ...}: what a student would type to delete it. */
    public String deleteCommand() { return "ip rule del " + ipRuleArgs(); }

    private static String tableName(int table) {
        return switch (table) {
            case Rtnetlink.RT_TABLE_MAIN -> "main";
            case Rtnetlink.RT_TABLE_LOCAL -> "local";
            case Rtnetlink.RT_TABLE_DEFAULT -> "default";
            default -> Integer.toString(table);
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d: from %s%s %s", priority, from == null ? "all" : from,
                to == null ? "" : " to " + to, actionName());
    }
}
