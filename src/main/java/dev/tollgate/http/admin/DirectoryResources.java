package dev.tollgate.http.admin;

import dev.tollgate.identity.Directories;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /directories}: where users may come from, the default first. */
final class DirectoryResources {
    private final Directories directories;

    DirectoryResources(Directories directories) {
        this.directories = directories;
    }

    List<AdminRoute> routes() {
        return List.of(AdminRoute.read(HandlerType.GET, "/directories", this::list));
    }

    private void list(Context ctx, Caller caller) {
        String byDefault = directories.byDefault().name();
        List<Object> items = directories.names().stream().<Object>map(name -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("default", name.equals(byDefault));
            return json;
        }).toList();
        Paging.respond(ctx, items, null);
    }
}
