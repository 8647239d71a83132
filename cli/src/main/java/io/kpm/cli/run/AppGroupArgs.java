package io.kpm.cli.run;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * One app group after a {@code :} or one line of a {@code -configfile}: its local options, any global ones
 * (Hydra accepts them in any group), then the program and its arguments. Parsed with the same option
 * declarations as the first group of {@code kpm run}, so every group understands the same spellings.
 */
@Command(name = "app-group")
final class AppGroupArgs {

    @Mixin
    AppOptions local = new AppOptions();

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Parameters(arity = "0..*", paramLabel = "CMD")
    List<String> command = new ArrayList<>();

    /** @throws IllegalArgumentException saying which option or value is wrong */
    static AppGroupArgs parse(List<String> tokens) {
        AppGroupArgs group = new AppGroupArgs();
        CommandLine parser = new CommandLine(group);
        // as on the command line: everything from the program name on belongs to the program
        parser.setStopAtPositional(true);
        try {
            parser.parseArgs(tokens.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return group;
    }
}
