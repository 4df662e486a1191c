package dev.glassbox.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs root (namespaces, mounts, cgroups, netlink). Outside CI it is skipped
 * with a printed reason when not root; under {@code CI=true} a missing root fails it instead,
 * because CI runs as root and a skip there would hide a broken test.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RootOnlyCondition.class)
public @interface RootOnly {}
