package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    /** The kernel's %08X of a big-endian word, on this machine's byte order. */
    private static String word(int a, int b, int c, int d) {
        int be = (a << 24) | (b << 16) | (c << 8) | d;
        return String.format("%08X", ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(be) : be);
    }

    @Test
    void tcpListenersAreThoseInStateListenOnly() {
        String text = HEADER
                + "   0: " + word(127, 0, 0, 1) + ":1E61 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0\n"
                + "   1: " + word(10, 0, 0, 2) + ":0016 " + word(10, 0, 0, 1) + ":D431 01 00000000:00000000 02:00000000 00000000  1000        0 4343 4 0 20 4 30 10 -1\n"
                + "   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000    33        0 4444 1 0 100 0 0 10 0\n";
        List<Listeners.Listener> l = Listeners.parse("tcp", text);
        assertEquals(List.of("127.0.0.1:7777", "0.0.0.0:80"), l.stream().map(Listeners.Listener::endpoint).toList());
        assertEquals(4242L, l.getFirst().inode());
        assertEquals(33, l.get(1).uid());
    }

    @Test
    void udpListenersAreBoundAndUnconnected() {
        String text = HEADER
                + "  10: " + word(0, 0, 0, 0) + ":0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 777 2 0 0\n"
                + "  11: " + word(10, 0, 0, 2) + ":A000 " + word(10, 0, 0, 1) + ":0035 01 00000000:00000000 00:00000000 00000000     0        0 778 2 0 0\n";
        List<Listeners.Listener> l = Listeners.parse("udp", text);
        assertEquals(List.of("0.0.0.0:53"), l.stream().map(Listeners.Listener::endpoint).toList());
    }

    @Test
    void ipv6AddressesAreWordsInMachineOrder() {
        String any = "00000000000000000000000000000000";
        String loop = "000000000000000000000000" + word(0, 0, 0, 1);
        String text = HEADER
                + "   0: " + any + ":0050 " + any + ":0000 0A 00000000:00000000 00:00000000 00000000     0        0 91 1 0 100 0 0 10 0\n"
                + "   1: " + loop + ":1F90 " + any + ":0000 0A 00000000:00000000 00:00000000 00000000     0        0 92 1 0 100 0 0 10 0\n";
        assertEquals(List.of("[::]:80", "[::1]:8080"),
                Listeners.parse("tcp6", text).stream().map(Listeners.Listener::endpoint).toList());
    }
}
