package io.connvo.meetings.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Keeps interrupts away from the embedded H2 file store. When a thread is interrupted while H2 writes its store
 * (each commit does, with WRITE_DELAY=0), H2 can panic and close the whole database until a restart: an
 * interrupted wait for a map lock inside the commit is not survivable (the {@code async:} file system only covers
 * the file channel). Anything that can change the store (commit, rollback, close, DDL and DML statements) therefore
 * runs on a writer thread that nobody interrupts, while the caller waits without giving up; an interrupt that
 * arrives meanwhile is kept and set again afterwards. Plain reads stay on the caller's thread.
 *
 * <p>Applied to every pooled H2 file database; in-memory H2 has no store to close and PostgreSQL needs none of it.
 */
public final class InterruptSafeH2 implements BeanPostProcessor {

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(DaemonThreads.numbered("h2-writer"));

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getDataSource() == null && isH2File(pool.getJdbcUrl())) {
            shield(pool);
        }
        return bean;
    }

    /** Gives the pool its connections through the writer threads; call before its first connection. */
    public static void shield(HikariDataSource pool) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(pool.getJdbcUrl());
        h2.setUser(pool.getUsername());
        h2.setPassword(pool.getPassword());
        pool.setDataSource(new org.springframework.jdbc.datasource.DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                return shielded(onWriter(h2::getConnection));
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return shielded(onWriter(() -> h2.getConnection(username, password)));
            }
        });
    }

    public static boolean isH2File(String url) {
        return url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    private static Connection shielded(Connection connection) {
        return proxy(Connection.class, new Shield(connection) {
            @Override
            boolean changesStore(Method method, Object[] args) {
                return switch (method.getName()) {
                    case "commit", "close" -> true;
                    case "rollback" -> args == null; // to a savepoint: the transaction goes on
                    case "setAutoCommit" -> Boolean.TRUE.equals(args[0]); // commits an open transaction
                    default -> false;
                };
            }

            @Override
            Object wrapResult(Method method, Object[] args, Object result) {
                if (result instanceof CallableStatement statement) {
                    return statement(CallableStatement.class, statement, false);
                }
                if (result instanceof PreparedStatement statement) {
                    return statement(PreparedStatement.class, statement, isRead((String) args[0]));
                }
                if (result instanceof Statement statement) {
                    return statement(Statement.class, statement, false);
                }
                return result;
            }
        });
    }

    /** A read that takes no locks: SELECT (or WITH, VALUES) without FOR UPDATE. */
    static boolean isRead(String sql) {
        String normalized = sql.strip().toUpperCase(Locale.ROOT);
        return (normalized.startsWith("SELECT") || normalized.startsWith("WITH") || normalized.startsWith("VALUES"))
                && !normalized.contains("FOR UPDATE");
    }

    private static <S extends Statement> S statement(Class<S> type, S statement, boolean preparedRead) {
        return proxy(type, new Shield(statement) {
            @Override
            boolean changesStore(Method method, Object[] args) {
                String name = method.getName();
                if (!name.startsWith("execute")) {
                    return false;
                }
                if (!name.equals("executeQuery")) {
                    return true;
                }
                return args == null || args.length == 0 ? !preparedRead : !isRead((String) args[0]);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(InterruptSafeH2.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Calls the target on the caller's thread, or on a writer thread when the call can change the store. */
    private abstract static class Shield implements InvocationHandler {
        private final Object target;

        Shield(Object target) {
            this.target = target;
        }

        abstract boolean changesStore(Method method, Object[] args);

        Object wrapResult(Method method, Object[] args, Object result) {
            return result;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "shielded " + target;
                };
            }
            Object result = changesStore(method, args)
                    ? onWriter(() -> invokeTarget(method, args))
                    : invokeTarget(method, args);
            return wrapResult(method, args, result);
        }

        private Object invokeTarget(Method method, Object[] args) throws Exception {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) e.getCause();
            }
        }
    }

    private interface SqlCall<T> {
        T call() throws Exception;
    }

    /** Runs the call on a writer thread and waits for it however often the caller is interrupted meanwhile. */
    private static <T> T onWriter(SqlCall<T> call) throws SQLException {
        Future<T> result = WRITERS.submit(call::call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new SQLException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
