using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
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

            migrationBuilder.AlterTable(
                name: "Loans")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.AlterTable(
                name: "Guarantees")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateTable(
                name: "GuarantorBookReleases",
                columns: table => new
                {
                    GuarantorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    WeightedFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBookReleases", x => new { x.GuarantorId, x.Slot });
                });

            // Pending releases are folded into their books; every book gets its release slots; then the old table goes.
            migrationBuilder.Sql("""
                UPDATE "GuarantorBooks" AS b SET "WeightedLiabilityFen" = b."WeightedLiabilityFen" + d.s
                FROM (SELECT "GuarantorId", SUM("WeightedFen") AS s FROM "GuarantorBookDeltas" GROUP BY "GuarantorId") AS d
                WHERE b."GuarantorId" = d."GuarantorId";
                INSERT INTO "GuarantorBookReleases" ("GuarantorId", "Slot", "WeightedFen")
                SELECT b."GuarantorId", s, 0 FROM "GuarantorBooks" AS b CROSS JOIN generate_series(0, 15) AS s;
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

            migrationBuilder.AlterTable(
                name: "Loans")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.AlterTable(
                name: "Guarantees")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateTable(
                name: "GuarantorBookDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GuarantorId = table.Column<Guid>(type: "uuid", nullable: false),
                    WeightedFen = table.Column<long>(type: "bigint", nullable: false)
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
