package dev.latchkey.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.SdkAccess;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /sdk/v1/projects/bootstrap/{public_token}}: the project settings the browser SDK reads at start-up
 * (SDK.md §6.1). Captcha and device fingerprinting are off (Latchkey has neither, and the SDK would otherwise load
 * Google's and Stytch's scripts); PKCE is not required; {@code captcha_settings} is always present, since the SDK
 * fails every guarded call when it is missing.
 */
public final class SdkBootstrapRoutes implements FeatureRoutes {
    private final PasswordConfig passwordConfig;
    private final Function<Project, Object> rbacPolicy;

    /**
     * @param passwordConfig the LUDS rules, or null under the zxcvbn policy
     * @param rbacPolicy the project's RBAC policy in the shape {@code GET /v1/b2b/rbac/policy} returns it (given by
     *     the wiring: {@code rbac/} sits above projects), which the SDK's {@code rbac.isAuthorized*} reads
     */
    public SdkBootstrapRoutes(PasswordConfig passwordConfig, Function<Project, Object> rbacPolicy) {
        this.passwordConfig = passwordConfig;
        this.rbacPolicy = rbacPolicy;
    }

    @Override
    public void declare(Endpoints e) {
        e.sdkOnly(HandlerType.GET, "/sdk/v1/projects/bootstrap/{public_token}", SdkAccess.PATH_TOKEN)
                .to(call -> bootstrap(call.project()));
    }

    Bootstrap bootstrap(Project project) {
        return new Bootstrap(
                "Latchkey",
                true,
                Map.of("enabled", false),
                null,
                List.of(),
                false,
                false,
                false,
                false,
                null,
                false,
                passwordConfig,
                false,
                "OBSERVATION",
                rbacPolicy.apply(project),
                false,
                "B2B");
    }

    /** The LUDS password policy as the SDK's pre-built UI shows it. */
    public record PasswordConfig(int ludsComplexity, int ludsMinimumCount) {}

    /** Field names and nulls exactly as the SDK maps them ({@code BootstrapDataManager.mapBootstrapData}). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Bootstrap(
            String projectName,
            boolean disableSdkWatermark,
            Map<String, Object> captchaSettings,
            String cnameDomain,
            List<String> emailDomains,
            boolean pkceRequiredForEmailMagicLinks,
            boolean pkceRequiredForPasswordResets,
            boolean pkceRequiredForOauth,
            boolean pkceRequiredForSso,
            String slugPattern,
            boolean createOrganizationEnabled,
            PasswordConfig passwordConfig,
            boolean dfpProtectedAuthEnabled,
            String dfpProtectedAuthMode,
            Object rbacPolicy,
            boolean siweRequiredForCryptoWallets,
            String vertical) {}
}
