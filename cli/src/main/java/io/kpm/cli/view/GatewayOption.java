package io.kpm.cli.view;

import java.util.Optional;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.stack.GatewayLocator;
import io.kpm.cli.stack.StackLayout;
import io.kpm.cli.stack.StackToken;
import io.kpm.cli.stack.StateDirOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --gateway URL} for the commands that only look (they never start a stack). */
public final class GatewayOption {

    @Option(names = "--gateway", paramLabel = "URL",
            description = "The gateway to ask (default: $KPM_GATEWAY, else the stack started by `kpm up`).")
    String gateway;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    public GatewayClient client() {
        return new GatewayClient(url(), token().orElse(null));
    }

    /** The gateway's address: --gateway, else KPM_GATEWAY, else the stack's (--state-dir, KPM_STATE_DIR, ~/.kpm). */
    public String url() {
        return GatewayLocator.locate(gateway, System.getenv(), stack())
                .orElseThrow(() -> new CliFailure("no kpm stack is running (start one with `kpm up`,"
                        + " or name a gateway with --gateway URL or KPM_GATEWAY)"));
    }

    /** KPM_TOKEN, else the stack's token file. */
    public Optional<String> token() {
        return StackToken.find(System.getenv(), stack());
    }

    private StackLayout stack() {
        return stateDir.layout();
    }
}
