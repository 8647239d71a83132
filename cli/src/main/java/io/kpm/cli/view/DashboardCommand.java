package io.kpm.cli.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.kpm.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Prints the address of the gateway's web dashboard with the stack's REST token in its fragment. A fragment never
 * leaves the browser (no request line, no access log, no Referer), and the page moves the token into the tab's
 * session storage and out of the address bar at once. The command opens no browser itself: a browser started
 * with the address as an argument would show the token to every local user in the process list.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Print the address of the web dashboard of the running stack, with its token.",
                "",
                "Open the address in a browser on a machine that can reach the gateway: it shows the nodes, the jobs "
                        + "(spawned groups under their spawner), a job's ranks, live events and output, and has kill, "
                        + "drain and undrain buttons. The token is in the #fragment, which the browser never sends to "
                        + "the gateway; whoever has the address can act for the stack's owner, so keep it to yourself."},
        footer = {"", "Examples:", "  kpm dashboard", "  KPM_STATE_DIR=/srv/kpm kpm dashboard",
                "  kpm dashboard --gateway http://head:7702   (with KPM_TOKEN set)"})
public final class DashboardCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Override
    public Integer call() {
        String url = gateway.client().baseUrl();
        String token = gateway.token().orElseThrow(() -> new CliFailure("no REST token for " + url + ": the stack's"
                + " <state dir>/token is not readable here (set KPM_STATE_DIR to the stack's state directory, or"
                + " KPM_TOKEN to its token)"));
        System.out.println(address(url, token));
        System.err.println("Open this address in a browser. It carries the stack's token: share it with nobody.");
        return 0;
    }

    /** The dashboard's address on the gateway at {@code baseUrl} (its root, no trailing slash), token in the fragment. */
    static String address(String baseUrl, String token) {
        // %20 for a space, not URLEncoder's form-style +: the page decodes with decodeURIComponent
        return baseUrl + "/#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
