package io.connvo.meetings.standalone;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Counts the work a process does, independent of how loaded the machine is: JDBC transactions (commits,
 * rollbacks, statements outside a transaction), statements by kind and table, and messages, each by the kind of
 * thread that did it. The DataSource is wrapped in JDK proxies (connection, statements); messages are counted by
 * whoever registers them with {@link #count}.
 */
final class WorkCounter {

    private static final Pattern TABLE = Pattern.compile(
            "^\\s*(?:SELECT\\b.*?\\bFROM|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+([A-Za-z_][A-Za-z_0-9.]*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Adds one to {@code what}, recorded as {@code <thread kind> | <what>}. */
    void count(String what) {
        counts.computeIfAbsent(threadKind() + " | " + what, k -> new LongAdder()).increment();
    }

    /** The counts so far, sorted by key. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Thread names without their numbers, and processors by name: the owner of the work. */
    static String threadKind() {
        String name = Thread.currentThread().getName();
        if (name.startsWith("http-nio")) {
            return "http";
        }
        if (name.startsWith("boundedElastic") || name.startsWith("parallel")) {
            return "reactor";
        }
        int bracket = name.indexOf('[');
        if (bracket > 0 && name.indexOf(']') > bracket) {
            String owner = name.substring(0, bracket);
            String processor = name.substring(bracket + 1, name.indexOf(']')).split(",")[0];
            return owner + "[" + processor + "]";
        }
        return name.replaceAll("[-_#]?\\d+", "");
    }

    /** What a statement does: its verb and first table, e.g. {@code UPDATE token_entry}. */
    static String statementKind(String sql) {
        if (sql == null) {
            return "?";
        }
        String statement = sql.strip().replaceFirst("^\\(+", ""); // a UNION of parenthesised SELECTs reads too
        String verb = statement.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        Matcher table = TABLE.matcher(statement);
        return table.find() ? verb + " " + table.group(1).toLowerCase(Locale.ROOT) : verb;
    }

    DataSource wrap(DataSource target) {
        return proxy(target, new Class<?>[]{DataSource.class, AutoCloseable.class}, (method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    /** A transaction that wrote ends in a chunk written to the H2 file (WRITE_DELAY=0); one that only read does not. */
    private Connection connection(Connection target) {
        boolean[] wrote = {false};
        return proxy(target, new Class<?>[]{Connection.class}, (method, args) -> {
            switch (method.getName()) {
                case "commit" -> count(wrote[0] ? "commit after writes" : "commit, read only");
                case "rollback" -> count(args == null ? "rollback" : "rollback to savepoint");
                case "setSavepoint" -> count("savepoint");
                default -> {
                }
            }
            if (method.getName().equals("commit") || (method.getName().equals("rollback") && args == null)) {
                wrote[0] = false;
            }
            Object result = invoke(target, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                return statement(statement, target, sql, wrote);
            }
            return result;
        });
    }

    private Statement statement(Statement target, Connection connection, String preparedSql, boolean[] wrote) {
        Class<?>[] interfaces = target instanceof java.sql.CallableStatement
                ? new Class<?>[]{java.sql.CallableStatement.class}
                : target instanceof java.sql.PreparedStatement
                ? new Class<?>[]{java.sql.PreparedStatement.class} : new Class<?>[]{Statement.class};
        return proxy(target, interfaces, (method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                String kind = statementKind(sql);
                count("statement " + kind);
                if (connection.getAutoCommit()) {
                    count(kind.startsWith("SELECT") ? "statement outside a transaction" : "write outside a transaction");
                } else if (!kind.startsWith("SELECT")) {
                    wrote[0] = true;
                }
            }
            return invoke(target, method, args);
        });
    }

    private interface Call {
        Object on(Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Object target, Class<?>[] interfaces, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("equals") && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
                    && type.isInstance(target)) {
                return target;
            }
            return call.on(method, args);
        };
        return (T) Proxy.newProxyInstance(WorkCounter.class.getClassLoader(), interfaces, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
