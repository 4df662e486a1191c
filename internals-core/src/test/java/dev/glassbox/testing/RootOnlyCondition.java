package dev.glassbox.testing;

import dev.glassbox.sys.Syscalls;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RootOnly}. */
public final class RootOnlyCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Syscalls.linux().geteuid() == 0) return ConditionEvaluationResult.enabled("running as root");
        String reason = "needs root (namespaces, mounts, cgroups); run the suite with sudo";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but not root: " + reason);
        }
        System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
