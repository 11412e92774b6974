using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rongtong.Application.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BookDeltas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "IX_GuarantorBookDeltas_GuarantorId",
                table: "GuarantorBookDeltas",
                column: "GuarantorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuarantorBookDeltas");
        }
    }
}
