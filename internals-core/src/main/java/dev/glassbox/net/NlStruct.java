package dev.glassbox.net;

import java.nio.ByteBuffer;

/** A fixed C struct that follows the netlink header (ifinfomsg, ifaddrmsg, rtmsg, rtgenmsg). */
public sealed interface NlStruct permits IfInfoMsg, IfAddrMsg, RtMsg, RtGenMsg {
    /** sizeof the struct in bytes. */
    int size();

    /** Writes the struct in the host's byte order at the buffer's position. */
    void write(ByteBuffer out);
}
