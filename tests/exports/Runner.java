// Runs each compiled snippet class (Case0, Case1, ...) in this one JVM, stderr into stdout, a '### n' line before each.
public class Runner {
    public static void main(String[] args) throws Exception {
        System.setErr(System.out);
        for (int i = 0; i < args.length; i++) {
            System.out.println("### " + i);
            Class.forName(args[i]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }
}
