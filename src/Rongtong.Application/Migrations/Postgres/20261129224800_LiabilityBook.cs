using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rongtong.Application.Data;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <summary>
    /// No change of schema: the guarantors' books count the guarantor's liability (principal less the bank's share)
    /// instead of the whole principal from here on. <c>StorageRegistration.MigrateAsync</c> rebuilds the books when it
    /// applies this migration.
    /// </summary>
    [DbContext(typeof(PostgresAppDbContext))]
    [Migration("20261129224800_LiabilityBook")]
    public partial class LiabilityBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
