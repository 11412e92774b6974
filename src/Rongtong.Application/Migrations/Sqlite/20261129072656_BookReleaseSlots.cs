using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookReleaseSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Guarantees_BankId_Status",
                table: "Guarantees");

            migrationBuilder.DropIndex(
                name: "IX_Guarantees_EnterpriseId_Status",
                table: "Guarantees");

            migrationBuilder.DropIndex(
                name: "IX_Guarantees_GuarantorId_Status",
                table: "Guarantees");

            migrationBuilder.CreateTable(
                name: "GuarantorBookReleases",
                columns: table => new
                {
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    WeightedFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBookReleases", x => new { x.GuarantorId, x.Slot });
                });

            // Pending releases are folded into their books; every book gets its release slots; then the old table goes.
            migrationBuilder.Sql("""
                UPDATE "GuarantorBooks" SET "WeightedLiabilityFen" = "WeightedLiabilityFen"
                    + (SELECT COALESCE(SUM(d."WeightedFen"), 0) FROM "GuarantorBookDeltas" AS d WHERE d."GuarantorId" = "GuarantorBooks"."GuarantorId");
                WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 15)
                INSERT INTO "GuarantorBookReleases" ("GuarantorId", "Slot", "WeightedFen")
                SELECT b."GuarantorId", s.n, 0 FROM "GuarantorBooks" AS b, s;
                """);

            migrationBuilder.DropTable(
                name: "GuarantorBookDeltas");

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_BankId",
                table: "Guarantees",
                column: "BankId");

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_EnterpriseId_GuarantorId",
                table: "Guarantees",
                columns: new[] { "EnterpriseId", "GuarantorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The released amounts go back into the books before their slots are dropped.
            migrationBuilder.Sql("""
                UPDATE "GuarantorBooks" SET "WeightedLiabilityFen" = "WeightedLiabilityFen"
                    + (SELECT COALESCE(SUM(r."WeightedFen"), 0) FROM "GuarantorBookReleases" AS r WHERE r."GuarantorId" = "GuarantorBooks"."GuarantorId");
                """);

            migrationBuilder.DropTable(
                name: "GuarantorBookReleases");

            migrationBuilder.DropIndex(
                name: "IX_Guarantees_BankId",
                table: "Guarantees");

            migrationBuilder.DropIndex(
                name: "IX_Guarantees_EnterpriseId_GuarantorId",
                table: "Guarantees");

            migrationBuilder.CreateTable(
                name: "GuarantorBookDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeightedFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBookDeltas", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_BankId_Status",
                table: "Guarantees",
                columns: new[] { "BankId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_EnterpriseId_Status",
                table: "Guarantees",
                columns: new[] { "EnterpriseId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_GuarantorId_Status",
                table: "Guarantees",
                columns: new[] { "GuarantorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_GuarantorBookDeltas_GuarantorId",
                table: "GuarantorBookDeltas",
                column: "GuarantorId");
        }
    }
}
