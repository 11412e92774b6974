using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <summary>
    /// The guarantors' books count the guarantor's liability (principal less the bank's share), with the small/micro
    /// weight judged on the borrower's balance with the guarantor, kept per borrower in <c>GuarantorBorrowerBooks</c>;
    /// journal entries record the principal they move. <c>StorageRegistration.MigrateAsync</c> rebuilds the books and
    /// fills the new table when it applies this migration.
    /// </summary>
    public partial class LiabilityBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PrincipalFen",
                table: "LedgerEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GuarantorBorrowerBooks",
                columns: table => new
                {
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    PrincipalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    WeightedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    SmallMicroCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBorrowerBooks", x => new { x.GuarantorId, x.EnterpriseId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuarantorBorrowerBooks");

            migrationBuilder.DropColumn(
                name: "PrincipalFen",
                table: "LedgerEntries");
        }
    }
}
