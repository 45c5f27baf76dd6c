package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which API fields decide a contact's email status, and which raw values mean which category: all of
 * it configuration ({@code smartlead.status.*}), none of it code. Raw values compare without regard
 * to case or separators, so {@code catch_all}, {@code Catch-All} and {@code catchall} are one.
 *
 * @param verdictFields fields holding an email verdict, in order; the first one present decides
 * @param categoryByValue normalised raw verdict value to category
 * @param lookupField the field saying whether the lookup is finished
 * @param completedValues normalised lookup values meaning finished
 */
public record StatusRules(List<String> verdictFields, Map<String, EmailStatus> categoryByValue, String lookupField,
        Set<String> completedValues) {

    /** Categories a raw verdict value can name; no_email and pending follow from other facts, unknown from none. */
    public static final Set<EmailStatus> VERDICT_CATEGORIES = EnumSet.of(EmailStatus.VERIFIED, EmailStatus.CATCH_ALL,
            EmailStatus.INVALID);

    public static StatusRules load(Function<String, Optional<String>> property) {
        List<String> verdictFields = list(property, "smartlead.status.verdict-fields").stream().toList();
        Map<String, EmailStatus> categoryByValue = new HashMap<>();
        for (EmailStatus category : VERDICT_CATEGORIES) {
            String setting = "smartlead.status.values." + category.setting();
            for (String raw : list(property, setting)) {
                EmailStatus earlier = categoryByValue.put(normalise(raw), category);
                if (earlier != null && earlier != category) {
                    throw new InvalidSettingException("Invalid setting " + setting + ": the raw value '" + raw
                            + "' is also listed for " + earlier.code() + "; allowed values are raw values listed"
                            + " under one category only");
                }
            }
        }
        String lookupField = property.apply("smartlead.status.lookup-field").map(String::strip).orElse("");
        Set<String> completed = new LinkedHashSet<>();
        list(property, "smartlead.status.completed-values").forEach(raw -> completed.add(normalise(raw)));
        if (verdictFields.isEmpty() || lookupField.isEmpty() || completed.isEmpty()) {
            throw new InvalidSettingException("smartlead.status.verdict-fields, smartlead.status.lookup-field and"
                    + " smartlead.status.completed-values must each name at least one field or value");
        }
        return new StatusRules(verdictFields, Map.copyOf(categoryByValue), lookupField, Set.copyOf(completed));
    }

    /** Lower case, separators ({@code _}, {@code -}, spaces) removed. */
    public static String normalise(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private static Set<String> list(Function<String, Optional<String>> property, String name) {
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(property.apply(name).orElse("").split(",")).map(String::strip).filter(v -> !v.isEmpty())
                .forEach(values::add);
        return values;
    }
}
