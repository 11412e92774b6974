using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <summary>
    /// <c>rongtong_guard(held, what)</c>: raises SQLSTATE RT409 ("… changed concurrently") unless <c>held</c> is true.
    /// A unit of work sent as one batch without a transaction (<c>Data/OneRoundTrip.cs</c>) asserts its commit guards
    /// and its updated rows with it, so a check that does not hold aborts the whole batch on the server.
    /// </summary>
    public partial class GuardFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION rongtong_guard(held boolean, what text) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
                BEGIN
                    IF held IS NOT TRUE THEN
                        RAISE EXCEPTION '% changed concurrently; nothing was saved', what USING ERRCODE = 'RT409';
                    END IF;
                    RETURN 1;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION rongtong_guard(boolean, text);");
        }
    }
}
