using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RegistrySpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enterprises_Name",
                table: "Enterprises");

            migrationBuilder.DropIndex(
                name: "IX_Determinations_AsOf_IsKey",
                table: "Determinations");

            migrationBuilder.CreateIndex(
                name: "IX_Determinations_AsOf_IsKey_EnterpriseId",
                table: "Determinations",
                columns: new[] { "AsOf", "IsKey", "EnterpriseId" });

            // Name search: a GIN index over each name's distinct 3-character substrings. Not pg_trgm: pg_trgm keeps
            // only letters and digits of the database's LC_CTYPE, and under the C locale (initdb --no-locale) that
            // drops every Chinese character. substr/length count characters in any locale.
            migrationBuilder.Sql("""
                CREATE FUNCTION rongtong_trigrams(s text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT ARRAY(SELECT DISTINCT substr(s, i, 3) FROM generate_series(1, length(s) - 2) AS i) $$;
                """);
            migrationBuilder.Sql("CREATE INDEX \"IX_Enterprises_Name_trigrams\" ON \"Enterprises\" USING gin (rongtong_trigrams(\"Name\"));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Enterprises_Name_trigrams\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS rongtong_trigrams(text);");
            migrationBuilder.DropIndex(
                name: "IX_Determinations_AsOf_IsKey_EnterpriseId",
                table: "Determinations");

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_Name",
                table: "Enterprises",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Determinations_AsOf_IsKey",
                table: "Determinations",
                columns: new[] { "AsOf", "IsKey" });
        }
    }
}
