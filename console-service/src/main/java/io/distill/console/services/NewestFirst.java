package io.distill.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A page of a service's list, newest first: the services list oldest first with {@code X-Total-Count}, so
 * the page is counted back from the end. {@code problem} says why it is empty when the service did not answer.
 *
 * @param items   the page's items, newest first
 * @param total   how many the list's filter selects
 * @param skip    how many newer items come before this page
 * @param size    the most items a page holds
 */
public record NewestFirst(List<JsonNode> items, long total, int skip, int size, String problem) {

    /** GET {@code path}{@code ?limit=...&offset=...}{@code filters} of {@code service}: the page after {@code skip}. */
    public static NewestFirst read(ServiceApi api, String service, String path, String filters, int skip, int size) {
        int from = Math.max(0, skip);
        ServiceApi.Answer count = api.readAnswer(service, path + "?limit=1" + filters);
        if (!count.ok()) {
            return new NewestFirst(List.of(), 0, from, size,
                    count.body().path("detail").asText(service + " answered " + count.status()));
        }
        long total = Math.max(0, count.total());
        long end = Math.max(0, total - from);
        long offset = Math.max(0, end - size);
        List<JsonNode> items = new ArrayList<>();
        if (end > 0) {
            api.read(service, path + "?limit=" + (end - offset) + "&offset=" + offset + filters)
                    .ifPresent(list -> list.forEach(items::add));
        }
        Collections.reverse(items);
        return new NewestFirst(items, total, from, size, null);
    }

    public boolean hasOlder() {
        return skip + items.size() < total;
    }

    public boolean hasNewer() {
        return skip > 0;
    }

    public int olderSkip() {
        return skip + size;
    }

    public int newerSkip() {
        return Math.max(0, skip - size);
    }
}
